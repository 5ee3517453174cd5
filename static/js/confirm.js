// "Are you sure?" before a consequence, in one accessible native <dialog> (templates/base.html) and
// without inline script (the CSP allows none). Any form, or a submit button of it, with
// data-confirm="…" asks first:
//   data-confirm-button="Hapus"     the confirming button's label (default "Ya, lanjutkan")
//   data-confirm-danger             the confirming button in the danger colour
//   data-confirm-reason="Alasan …"  ask a reason (required), put into the form's field "reason"
//   data-confirm-if="notify" data-confirm-checked="…"  another text while the checkbox "notify" is ticked
// Without JavaScript (or <dialog>) the form submits as before; the server still checks everything.
(function () {
  "use strict";
  var dialog = document.getElementById("confirm-dialog");
  if (!dialog || typeof dialog.showModal !== "function") return;
  var body = dialog.querySelector("form");
  var message = document.getElementById("confirm-message");
  var ok = document.getElementById("confirm-ok");
  var reasonField = document.getElementById("confirm-reason-field");
  var reasonLabel = document.getElementById("confirm-reason-label");
  var reason = document.getElementById("confirm-reason");
  var reasonError = document.getElementById("confirm-reason-error");
  var pending = null;  // {form, submitter, source}

  function attr(element, name) {
    return element && element.hasAttribute(name) ? element.getAttribute(name) : null;
  }

  function textFor(form, source) {
    var checkbox = attr(source, "data-confirm-if");
    var box = checkbox ? form.elements.namedItem(checkbox) : null;
    if (box && box.checked && attr(source, "data-confirm-checked")) return attr(source, "data-confirm-checked");
    return attr(source, "data-confirm");
  }

  function open(form, submitter, source) {
    pending = { form: form, submitter: submitter, source: source };
    message.textContent = textFor(form, source);
    ok.textContent = attr(source, "data-confirm-button") || ok.getAttribute("data-default-label");
    ok.classList.toggle("danger", source.hasAttribute("data-confirm-danger"));
    ok.classList.toggle("primary", !source.hasAttribute("data-confirm-danger"));
    var askReason = attr(source, "data-confirm-reason");
    reasonField.hidden = !askReason;
    reasonError.hidden = true;
    reason.removeAttribute("aria-invalid");
    if (askReason) {
      reasonLabel.textContent = askReason;
      var existing = form.elements.namedItem("reason");
      reason.value = existing && existing.value ? existing.value : "";
    }
    dialog.returnValue = "";
    dialog.showModal();
    // The safe choice has the focus; with a reason to give, its field.
    (askReason ? reason : document.getElementById("confirm-cancel")).focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form === body || !(form instanceof HTMLFormElement)) return;
    var submitter = event.submitter || null;
    var source = submitter && submitter.hasAttribute("data-confirm") ? submitter : form;
    if (!source.hasAttribute("data-confirm")) return;
    if (form.getAttribute("data-confirmed") === "yes") {  // asked and answered: let it go
      form.removeAttribute("data-confirmed");
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    open(form, submitter, source);
  }, true);

  body.addEventListener("submit", function (event) {
    if (event.submitter === ok && !reasonField.hidden && !reason.value.trim()) {
      event.preventDefault();
      reasonError.hidden = false;
      reason.setAttribute("aria-invalid", "true");
      reason.focus();
    }
  });

  dialog.addEventListener("close", function () {
    var answered = pending;
    pending = null;
    if (!answered) return;
    if (dialog.returnValue !== "ok") {
      if (answered.submitter) answered.submitter.focus();
      return;
    }
    var form = answered.form;
    if (!reasonField.hidden) {
      var field = form.elements.namedItem("reason");
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "reason";
        form.appendChild(field);
      }
      field.value = reason.value.trim();
    }
    form.setAttribute("data-confirmed", "yes");
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(answered.submitter || undefined);
    } else {
      if (answered.submitter && answered.submitter.name) {  // keep the button's name=value (rumusan's action)
        var carried = document.createElement("input");
        carried.type = "hidden";
        carried.name = answered.submitter.name;
        carried.value = answered.submitter.value;
        form.appendChild(carried);
      }
      form.submit();
    }
  });
})();
