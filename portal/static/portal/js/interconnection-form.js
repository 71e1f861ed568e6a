/*
 * The interconnection request's form (progressive enhancement): under each site,
 * what the observatory says of its commune's fibre, fetched again when the commune
 * typed changes. Without JavaScript, « Afficher la fibre dans les communes » shows
 * the same, rendered by the server: this script only saves the round trip.
 *
 * Each box [data-network-for="<id of the commune input>"] is an aria-live region;
 * the container [data-networks-url] gives the address of the fragment
 * (?commune=<text typed>), an HTML fragment of our own server.
 */
(function () {
  "use strict";

  var sites = document.querySelector("[data-networks-url]");
  if (!sites || !window.fetch || !window.DOMParser) {
    return;
  }
  var url = sites.dataset.networksUrl;

  sites.querySelectorAll("[data-network-for]").forEach(function (box) {
    var input = document.getElementById(box.dataset.networkFor);
    if (!input) {
      return;
    }
    var asked = 0;
    input.addEventListener("change", function () {
      var value = input.value.trim();
      var ticket = ++asked;
      if (!value) {
        box.replaceChildren();
        return;
      }
      fetch(url + "?" + new URLSearchParams({ commune: value }), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.text();
        })
        .then(function (html) {
          if (ticket !== asked) {
            return; // a later change is on its way
          }
          var fragment = new DOMParser().parseFromString(html, "text/html");
          box.replaceChildren.apply(box, Array.from(fragment.body.childNodes));
        })
        .catch(function () {
          if (ticket === asked) {
            box.replaceChildren();
          }
        });
    });
  });
})();
