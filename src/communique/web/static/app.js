// communique web: progressive enhancement only; every page works without this script.
(function () {
  "use strict";
  // Reader: hovering a highlight lights every mention of the same entry and the entry itself.
  function refsOf(el) { return (el.getAttribute("data-refs") || "").split(" ").filter(Boolean); }
  function light(refs, on) {
    refs.forEach(function (ref) {
      document.querySelectorAll(".hl[data-refs]").forEach(function (other) {
        if (refsOf(other).indexOf(ref) !== -1) { other.classList.toggle("lit", on); }
      });
      var entry = document.getElementById(ref);
      if (entry) { entry.classList.toggle("lit", on); }
    });
  }
  document.addEventListener("mouseover", function (e) {
    var el = e.target.closest && e.target.closest(".hl[data-refs]");
    if (el) { light(refsOf(el), true); }
  });
  document.addEventListener("mouseout", function (e) {
    var el = e.target.closest && e.target.closest(".hl[data-refs]");
    if (el) { light(refsOf(el), false); }
  });
  // Filters: a changed select submits its form at once (the button remains for keyboards).
  document.querySelectorAll("form.filters select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
