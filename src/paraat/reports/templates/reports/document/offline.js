(function () {
  "use strict";
  var input = document.getElementById("binder-search");
  var status = document.getElementById("binder-search-status");
  var sections = Array.prototype.slice.call(document.querySelectorAll(".searchable-section"));
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.searchable tbody tr"));
  function text(el) { return (el.textContent || "").toLowerCase(); }
  function run() {
    var q = input.value.trim().toLowerCase();
    var found = 0;
    rows.forEach(function (row) {
      var section = row.closest(".searchable-section");
      var heading = section ? section.querySelector("h2, h3") : null;
      var hit = !q || text(row).indexOf(q) !== -1 || (heading && text(heading).indexOf(q) !== -1);
      row.hidden = !hit;
      if (hit && q) { found += 1; }
    });
    sections.forEach(function (section) {
      section.hidden = Boolean(q) && text(section).indexOf(q) === -1;
    });
    status.textContent = q ? status.getAttribute("data-found").replace("{n}", String(found)) : "";
  }
  input.addEventListener("input", run);
  document.getElementById("binder-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    run();
  });
})();
