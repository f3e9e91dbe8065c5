// Suggestions as you type in a search box: names of records from this site's own search endpoint, offered
// through the box's <datalist>. No other script, nothing from elsewhere; without it the box works as before.
(function () {
  "use strict";
  var timers = new WeakMap();
  function suggest(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var query = input.value.trim();
    if (!list || query.length < 2) { return; }
    var address = "/api/v1/search/?page_size=8&q=" + encodeURIComponent(query);
    fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (page) {
        if (input.value.trim() !== query) { return; }  // the reader typed on meanwhile
        var seen = {};
        list.replaceChildren();
        page.results.forEach(function (hit) {
          if (seen[hit.name]) { return; }
          seen[hit.name] = true;
          var option = document.createElement("option");
          option.value = hit.name;
          option.label = hit.kind;
          list.appendChild(option);
        });
      })
      .catch(function () { /* the box still searches on Enter */ });
  }
  // A list's filter on a linked record: offer the records of its kind by name, each option the record's key.
  function suggestKeys(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var query = input.value.trim();
    if (!list || query.length < 2) { return; }
    var address = "/api/v1/search/?page_size=8&kind=" + encodeURIComponent(input.dataset.suggestKind) +
      "&q=" + encodeURIComponent(query);
    fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (page) {
        if (input.value.trim() !== query) { return; }
        list.replaceChildren();
        page.results.forEach(function (hit) {
          var parts = hit.url.replace(/\/+$/, "").split("/");
          var option = document.createElement("option");
          option.value = decodeURIComponent(parts[parts.length - 1]);
          option.label = hit.name;
          list.appendChild(option);
        });
      })
      .catch(function () { /* the box still takes a key */ });
  }
  document.querySelectorAll("input[data-suggest-kind]").forEach(function (input, index) {
    var list = document.createElement("datalist");
    list.id = "suggest-keys-" + index;
    input.after(list);
    input.setAttribute("list", list.id);
    input.addEventListener("input", function () {
      clearTimeout(timers.get(input));
      timers.set(input, setTimeout(function () { suggestKeys(input); }, 150));
    });
  });
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    input.addEventListener("input", function () {
      clearTimeout(timers.get(input));
      timers.set(input, setTimeout(function () { suggest(input); }, 150));
    });
  });
})();
