// Keeps the paragraph a reader is at when they switch language or open the side-by-side view: the #p-<key>
// anchors are the same in every language, but a plain link drops the current #fragment. Without JavaScript the
// links still work and land at the top of the same declaration.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-keep-anchor]");
  if (!link || !window.location.hash.startsWith("#p-")) return;
  const target = new URL(link.href, window.location.href);
  target.hash = window.location.hash;
  link.href = target.toString();
});
