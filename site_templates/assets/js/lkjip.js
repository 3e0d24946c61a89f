// Wide tables scroll inside their own box (Material wraps them at load time). Make each such box
// reachable and named for keyboard and screen-reader users (axe: scrollable-region-focusable),
// and visibly marked when it scrolls.
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
  // A table wider than the screen says so: a line above it and a shadow on the side that has more
  // (its first column stays in place while the rest scrolls, see lkjip.css).
  function cue(root) {
    root.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("dapat-digeser", wide);
      var hint = box.previousElementSibling;
      var has = hint && hint.classList.contains("isyarat-geser");
      if (wide && !has) {
        hint = document.createElement("p");
        hint.className = "isyarat-geser";
        hint.setAttribute("aria-hidden", "true");  // the region's name already says it scrolls
        hint.textContent = "Tabel ini lebih lebar dari layar: geser ke samping untuk kolom lainnya \u2192";
        box.parentNode.insertBefore(hint, box);
      } else if (!wide && has) {
        hint.remove();
      }
      function edges() {
        box.classList.toggle("di-ujung", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
      }
      if (!box.dataset.isyarat) {
        box.dataset.isyarat = "1";
        box.addEventListener("scroll", edges, { passive: true });
      }
      edges();
    });
  }
  function all() { label(document); cue(document); }
  if (typeof document$ !== "undefined") {
    document$.subscribe(all);
  } else {
    document.addEventListener("DOMContentLoaded", all);
  }
  window.addEventListener("resize", function () { cue(document); });
})();
