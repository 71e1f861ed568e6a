// Swagger UI over the API's OpenAPI description (vendored by drf-spectacular-sidecar):
// no inline script, no request elsewhere than this site (no validator badge).
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
  });
})();
