(function () {
  "use strict";
  var form = document.getElementById("filters");
  var onlyConflicts = document.getElementById("only-conflicts");
  var fieldFilter = document.getElementById("field-filter");
  var status = document.getElementById("filter-status");
  var sections = document.querySelectorAll("section.incident");
  form.hidden = false;

  // A large report holds each incident's detail compressed, in base64, in a <script> that the
  // browser neither parses nor draws; opening the incident puts it in the page. Returns a promise.
  function drawDetail(details) {
    var held = details.querySelector(":scope > script.incident-detail");
    if (!held) { return Promise.resolve(); }
    if (!held.drawing) {
      var bytes = Uint8Array.from(atob(held.textContent), function (c) { return c.charCodeAt(0); });
      var text = new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"))).text();
      held.drawing = text.then(function (html) {
        var holder = document.createElement("template");
        holder.innerHTML = html;
        held.replaceWith(holder.content);
        var section = details.closest("section.incident");
        if (section) { filterRows(section); }
      });
    }
    return held.drawing;
  }
  document.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches("details.incident-body") && event.target.open) {
      drawDetail(event.target);
    }
  }, true);
  function openDetails(details) {
    details.open = true;
    return drawDetail(details);
  }

  function matches(field, fieldStatus) {
    return (!onlyConflicts.checked || fieldStatus === "conflict") &&
      (!fieldFilter.value || field === fieldFilter.value);
  }
  function filterRows(section) {
    var shownRows = 0;
    section.querySelectorAll("[data-field]").forEach(function (el) {
      var ok = matches(el.getAttribute("data-field"), el.getAttribute("data-status"));
      el.hidden = !ok;
      if (ok && el.tagName === "TR") { shownRows += 1; }
    });
    return shownRows;
  }
  function sectionShown(section) {
    var statuses = section.getAttribute("data-statuses");
    if (statuses === null) { return filterRows(section) > 0; }
    filterRows(section);
    return statuses.split(" ").some(function (pair) {
      var at = pair.lastIndexOf(":");
      return at > 0 && matches(pair.slice(0, at), pair.slice(at + 1));
    });
  }

  var index = document.querySelector("nav.index");
  var entries = index ? Array.prototype.slice.call(index.querySelectorAll("tbody tr")) : [];
  var pageSize = index ? Number(index.getAttribute("data-page-size")) || 0 : 0;
  var page = 0;
  var find = document.getElementById("index-find");
  function showIndexPage() {
    var words = find ? find.value.trim().toLowerCase() : "";
    var eligible = entries.filter(function (entry) {
      return !entry.hasAttribute("data-filtered") &&
        (!words || (entry.textContent + " " + entry.getAttribute("data-incident")).toLowerCase().indexOf(words) >= 0);
    });
    var pages = pageSize ? Math.max(1, Math.ceil(eligible.length / pageSize)) : 1;
    page = Math.min(Math.max(page, 0), pages - 1);
    entries.forEach(function (entry) { entry.hidden = true; });
    eligible.forEach(function (entry, n) {
      entry.hidden = pageSize > 0 && Math.floor(n / pageSize) !== page;
    });
    if (pageSize) {
      var first = eligible.length ? page * pageSize + 1 : 0;
      var last = Math.min((page + 1) * pageSize, eligible.length);
      document.getElementById("index-page").textContent =
        "Incidents " + first.toLocaleString("en") + "–" + last.toLocaleString("en") + " of " +
        eligible.length.toLocaleString("en");
      document.getElementById("index-previous").disabled = page === 0;
      document.getElementById("index-next").disabled = page >= pages - 1;
    }
  }
  if (pageSize) {
    index.querySelector(".pager").hidden = false;
    document.getElementById("index-previous").addEventListener("click", function () { page -= 1; showIndexPage(); });
    document.getElementById("index-next").addEventListener("click", function () { page += 1; showIndexPage(); });
    find.addEventListener("input", function () { page = 0; showIndexPage(); });
  }

  function apply() {
    var shownIncidents = 0;
    var filtering = onlyConflicts.checked || fieldFilter.value;
    var entryOf = {};
    entries.forEach(function (entry) { entryOf[entry.getAttribute("data-incident")] = entry; });
    sections.forEach(function (section) {
      section.hidden = !sectionShown(section);
      if (!section.hidden) {
        shownIncidents += 1;
        if (filtering && !pageSize) {
          section.querySelectorAll("details.incident-body").forEach(openDetails);
        }
      }
      var entry = entryOf[section.id];
      if (entry) { entry.toggleAttribute("data-filtered", section.hidden); }
    });
    page = 0;
    showIndexPage();
    status.textContent = "Showing " + shownIncidents.toLocaleString("en") + " of " +
      sections.length.toLocaleString("en") + " incidents.";
  }
  onlyConflicts.addEventListener("change", apply);
  fieldFilter.addEventListener("change", apply);
  function shownBodies() {
    return Array.prototype.filter.call(document.querySelectorAll("details.incident-body"), function (d) {
      var section = d.closest("section.incident");
      return !section || !section.hidden;
    });
  }
  document.getElementById("expand-all").addEventListener("click", function () {
    shownBodies().forEach(openDetails);
  });
  document.getElementById("collapse-all").addEventListener("click", function () {
    document.querySelectorAll("details.incident-body").forEach(function (d) { d.open = false; });
  });
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) { return; }
    var target = document.getElementById(id);
    var section = target ? null : document.getElementById(id.split("--")[0]);
    var body = section && section.querySelector("details.incident-body");
    // a field or a source of an incident whose detail is not drawn yet: draw it, then go there
    var ready = body ? openDetails(body) : Promise.resolve();
    ready.then(function () {
      target = document.getElementById(id);
      var details = target && target.closest("details");
      if (details) { details.open = true; }
      if (target) { target.scrollIntoView(); }
    });
  }
  window.addEventListener("hashchange", openTarget);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  openTarget();
  apply();
}());
