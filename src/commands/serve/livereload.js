// pubsite serve: reloads the page after each rebuild and shows build errors over the last good
// page. Injected by `pubsite serve` only; never part of a built site.
(function () {
  "use strict";
  var source = new EventSource(new URL("events", document.currentScript.src));
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("build-error", function (event) { show(event.data); });
  function show(text) {
    var box = document.getElementById("pubsite-build-error");
    if (!box) {
      box = document.createElement("div");
      box.id = "pubsite-build-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;" +
        "z-index:2147483647;margin:0;padding:16px 20px;background:#1c1c21;color:#ffdede;" +
        "border-top:4px solid #e5484d;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "pubsite: the last change did not build; this is the last good page.\n\n" + text;
  }
})();
