// "Select all on this page": a header checkbox (data-select-all="<name>") ticks every checkbox of that
// name in its form. Hidden without JavaScript, where rows are ticked one by one or the bulk bar's
// "all N matching" box is used instead.
(function () {
  "use strict";
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var form = all.form || all.closest("form");
    if (!form) return;
    var boxes = function () { return form.querySelectorAll('input[type=checkbox][name="' + all.dataset.selectAll + '"]'); };
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes().forEach(function (box) { box.checked = all.checked; });
    });
    form.addEventListener("change", function (event) {
      if (event.target === all || event.target.name !== all.dataset.selectAll) return;
      var list = Array.prototype.slice.call(boxes());
      var ticked = list.filter(function (box) { return box.checked; }).length;
      all.checked = ticked === list.length && ticked > 0;
      all.indeterminate = ticked > 0 && ticked < list.length;
    });
  });
})();
