(function () {
  "use strict";
  var form = document.getElementById("filters");
  var onlyConflicts = document.getElementById("only-conflicts");
  var fieldFilter = document.getElementById("field-filter");
  var status = document.getElementById("filter-status");
  form.hidden = false;
  function matches(el) {
    return (!onlyConflicts.checked || el.getAttribute("data-status") === "conflict") &&
      (!fieldFilter.value || el.getAttribute("data-field") === fieldFilter.value);
  }
  function apply() {
    var sections = document.querySelectorAll("section.incident");
    var shownIncidents = 0;
    sections.forEach(function (section) {
      var shownRows = 0;
      section.querySelectorAll("[data-field]").forEach(function (el) {
        var ok = matches(el);
        el.hidden = !ok;
        if (ok && el.tagName === "TR") { shownRows += 1; }
      });
      section.hidden = shownRows === 0;
      if (!section.hidden) {
        shownIncidents += 1;
        if (onlyConflicts.checked || fieldFilter.value) {
          section.querySelectorAll("details.incident-body").forEach(function (d) { d.open = true; });
        }
      }
      var entry = document.querySelector('nav.index [data-incident="' + section.id + '"]');
      if (entry) { entry.hidden = section.hidden; }
    });
    status.textContent = "Showing " + shownIncidents + " of " + sections.length + " incidents.";
  }
  onlyConflicts.addEventListener("change", apply);
  fieldFilter.addEventListener("change", apply);
  document.getElementById("expand-all").addEventListener("click", function () {
    document.querySelectorAll("details.incident-body").forEach(function (d) { d.open = true; });
  });
  document.getElementById("collapse-all").addEventListener("click", function () {
    document.querySelectorAll("details.incident-body").forEach(function (d) { d.open = false; });
  });
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var details = target && target.closest("details");
    if (details) { details.open = true; target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", openTarget);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  openTarget();
  apply();
}());
