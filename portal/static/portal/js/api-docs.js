// Swagger UI over the API's OpenAPI description (vendored by drf-spectacular-sidecar):
// no inline script, no request elsewhere than this site (no validator badge). Its
// examples as plain text: the syntax colours are inline styles, which the CSP
// refuses (white text on a light background otherwise). As Swagger UI draws them, its
// selects, which it leaves unnamed, get a French name (WCAG 4.1.2), and its examples'
// scrolled boxes a place in the keyboard's order (WCAG 2.1.1); its colours are
// darkened by portal/css/api-docs.css.
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: node.dataset.schemaUrl,
    domNode: node,
    deepLinking: false,
    validatorUrl: null,
    tryItOutEnabled: false,
    supportedSubmitMethods: ["get", "head"],
    syntaxHighlight: { activated: false },
  });

  var NAMES = {
    "content-type": "Type de contenu",
    "body-param-content-type": "Type de contenu envoyé",
  };
  function name(root) {
    root.querySelectorAll("select:not([aria-label]):not([aria-labelledby])").forEach(function (select) {
      var known = Object.keys(NAMES).filter(function (key) {
        return select.classList.contains(key);
      });
      select.setAttribute("aria-label", known.length ? NAMES[known[0]] : "Choix");
    });
  }
  function reachable(root) {
    root.querySelectorAll(".highlight-code > .microlight:not([tabindex])").forEach(function (box) {
      box.setAttribute("tabindex", "0");
    });
  }
  new MutationObserver(function () {
    name(node);
    reachable(node);
  }).observe(node, { childList: true, subtree: true });
})();
