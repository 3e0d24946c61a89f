// Wide tables scroll inside their own box (Material wraps them at load time). Make each such box
// reachable and named for keyboard and screen-reader users (axe: scrollable-region-focusable).
// Progressive enhancement only: without JavaScript every table is still there and readable.
(function () {
  function label(root) {
    root.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box, index) {
      if (box.hasAttribute("tabindex")) return;
      var caption = box.closest("figure") && box.closest("figure").querySelector("figcaption");
      var name = caption ? caption.textContent.trim().split("\n")[0] : "Tabel tanpa judul " + (index + 1);
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name + " (dapat digulir)");
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(function () { label(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { label(document); });
  }
})();
