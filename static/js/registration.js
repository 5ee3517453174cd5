// Shows NIP and pangkat only for PNS/PPPK, and offers the ranks of the chosen status: pangkat I/a–IV/e
// for PNS, golongan I–XVII for PPPK (Perpres No. 98/2020). Without JavaScript every field and every
// rank stays visible and the server still checks everything. Works for the one-person form (radios)
// and for each row of the team form (a select per row).
(function () {
  "use strict";
  var controls = document.querySelectorAll('input[name$="asn_status"], select[name$="asn_status"]');
  if (!controls.length) return;

  function scopeOf(control) {
    return control.closest(".team-row") || control.closest("form") || document;
  }

  function statusIn(scope) {
    var radio = scope.querySelector('input[name$="asn_status"]:checked');
    if (radio) return radio.value;
    var select = scope.querySelector('select[name$="asn_status"]');
    return select ? select.value : "pns";
  }

  function offerRanks(scope, status) {
    scope.querySelectorAll('select[name$="rank"]').forEach(function (select) {
      select.querySelectorAll("optgroup").forEach(function (group) {
        var first = group.querySelector("option");
        var fits = !!first && first.getAttribute("data-asn") === status;
        group.hidden = !fits;
        group.disabled = !fits;
      });
      var chosen = select.options[select.selectedIndex];
      if (chosen && chosen.parentElement.tagName === "OPTGROUP" && chosen.parentElement.disabled) select.value = "";
    });
  }

  function update(scope) {
    var status = statusIn(scope);
    scope.querySelectorAll("[data-asn]").forEach(function (block) {
      if (block.tagName === "OPTION") return;  // rank options are offered by group, below
      block.hidden = block.getAttribute("data-asn").split(" ").indexOf(status) === -1;
    });
    offerRanks(scope, status);
  }

  var scopes = [];
  controls.forEach(function (control) {
    var scope = scopeOf(control);
    control.addEventListener("change", function () { update(scope); });
    if (scopes.indexOf(scope) === -1) scopes.push(scope);
  });
  scopes.forEach(update);
})();
