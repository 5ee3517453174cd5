// The session's person picker: typing in the search field asks the server (people.json, at most 20
// approved participants, of one delegation when the form names one) and refills the list it targets,
// grouped by delegation. Without
// JavaScript the same search field is a plain GET form that reloads the page with the matches.
(function () {
  "use strict";
  document.querySelectorAll("form.person-search[data-people-url]").forEach(function (form) {
    var input = form.querySelector("input[type=search]");
    var select = document.getElementById(form.dataset.target);
    var status = document.getElementById(form.dataset.status);
    if (!input || !select) return;
    var timer = null, asked = "";

    function fill(people) {
      var chosen = select.value;
      // A delegation's voter picker keeps the voter already chosen, so that "Simpan" after a search
      // finding no one does not clear it.
      var kept = form.dataset.delegation && chosen ? select.options[select.selectedIndex] : null;
      select.textContent = "";
      select.appendChild(new Option(form.dataset.outside, ""));
      if (kept && !people.some(function (person) { return String(person.id) === chosen; })) {
        select.appendChild(new Option(kept.text, chosen, false, true));
      }
      var groups = {};
      people.forEach(function (person) {
        var group = groups[person.delegation];
        if (!group) {
          group = groups[person.delegation] = document.createElement("optgroup");
          group.label = person.delegation;
          select.appendChild(group);
        }
        var label = person.name + (person.position ? " — " + person.position : "");
        group.appendChild(new Option(label, String(person.id), false, String(person.id) === chosen));
      });
      if (people.length === 1) select.value = String(people[0].id);
      if (status) status.textContent = people.length ? form.dataset.found.replace("{n}", String(people.length)) : form.dataset.none;
    }

    function search() {
      var term = input.value.trim();
      if (term === asked) return;
      asked = term;
      if (term.length < 2) return;
      var scope = form.dataset.delegation ? "&delegasi=" + encodeURIComponent(form.dataset.delegation) : "";
      fetch(form.dataset.peopleUrl + "?q=" + encodeURIComponent(term) + scope, {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (people) { if (input.value.trim() === term) fill(people); })
        .catch(function () { asked = ""; });  // the plain "Cari" button still works
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();  // keeps what is already typed in the form below
      asked = "";
      search();
    });
  });
})();
