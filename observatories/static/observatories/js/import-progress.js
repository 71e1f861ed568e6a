// Admin page of an uploaded file: ask every two seconds where the import stands,
// and say it in the live region until the worker is done. No inline script (CSP).
(function () {
"use strict";

function followImport() {
  var panel = document.getElementById("import-progress");
  if (!panel || !panel.dataset.url) {
    return;
  }
  function describe(state) {
    var text = state.status_label + " — " + state.rows_done + " lignes traitées";
    if (state.result) {
      text += " — " + state.result;
      var counts = Object.keys(state.counts).map(function (name) {
        return state.counts[name] + " " + name;
      });
      if (counts.length) {
        text += " (" + counts.join(", ") + ")";
      }
    }
    if (state.error) {
      text += ". " + state.error;
    }
    return text;
  }
  function poll() {
    fetch(panel.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        panel.textContent = describe(state);
        if (!state.finished) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
}

// The admin loads form media in <head>: wait for the page.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", followImport);
} else {
  followImport();
}
})();
