// Shows NIP and pangkat only for PNS/PPPK. Without JavaScript every field stays visible
// and the server still checks everything.
(function () {
  "use strict";
  var radios = document.querySelectorAll('input[name="asn_status"]');
  if (!radios.length) return;
  function update() {
    var chosen = document.querySelector('input[name="asn_status"]:checked');
    var status = chosen ? chosen.value : "pns";
    document.querySelectorAll("[data-asn]").forEach(function (block) {
      block.hidden = block.getAttribute("data-asn").split(" ").indexOf(status) === -1;
    });
  }
  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
})();
