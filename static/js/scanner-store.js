// What the scanner keeps on the phone. IndexedDB: the offline bundle, the queue of offline scans,
// the local check-ins (event|day|person, or event|s<session>|person in a room) and signatures
// waiting to be sent. localStorage: the device id, the gate's name and the chosen session.
"use strict";

export function stored(key, make) {
  let value = null;
  try { value = localStorage.getItem(key); } catch (error) { /* private mode */ }
  if (!value && make) {
    value = make();
    try { localStorage.setItem(key, value); } catch (error) { /* keep it in memory */ }
  }
  return value;
}

export function keep(key, value) {
  try {
    if (value) localStorage.setItem(key, value); else localStorage.removeItem(key);
  } catch (error) { /* private mode: not remembered */ }
}

const dbReady = new Promise((resolve, reject) => {
  const request = indexedDB.open("raker-scanner", 2);
  request.onupgradeneeded = (event) => {
    const db = request.result;
    if (event.oldVersion < 1) {
      db.createObjectStore("bundles", { keyPath: "event" });
      db.createObjectStore("queue", { keyPath: "nonce" }).createIndex("event", "event");
      db.createObjectStore("local", { keyPath: "key" });  // event|day|person → first local check-in
    }
    if (event.oldVersion < 2) {
      // key: the offline scan's nonce, or "c<checkin id>" when only the upload failed
      db.createObjectStore("signatures", { keyPath: "key" }).createIndex("event", "event");
    }
  };
  request.onsuccess = () => {
    request.result.onversionchange = () => request.result.close();  // let a newer page upgrade
    resolve(request.result);
  };
  request.onerror = () => reject(request.error);
});

async function idb(store, mode, action) {
  const db = await dbReady;
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(store, mode);
    const request = action(transaction.objectStore(store));
    transaction.oncomplete = () => resolve(request ? request.result : undefined);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

// The stores of one meeting.
export function openStore(event) {
  return {
    get: (store, key) => idb(store, "readonly", (s) => s.get(key)),
    put: (store, value) => idb(store, "readwrite", (s) => s.put(value)),
    remove: (store, key) => idb(store, "readwrite", (s) => s.delete(key)),
    queued: () => idb("queue", "readonly", (s) => s.index("event").getAll(event)),
    signatures: () => idb("signatures", "readonly", (s) => s.index("event").getAll(event)),
  };
}
