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
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    input.addEventListener("input", function () {
      clearTimeout(timers.get(input));
      timers.set(input, setTimeout(function () { suggest(input); }, 150));
    });
  });
})();
