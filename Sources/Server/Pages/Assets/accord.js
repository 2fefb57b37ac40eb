// Accord: the one script of the pages. Every page works without it; where a page's body names
// a live source (data-live-source), the parts marked data-live are fetched again whenever the
// record changes (Server-Sent Events), so that votes and screening appear without a reload.
"use strict";
(function () {
  const source = document.body.dataset.liveSource;
  if (!source || !window.EventSource || !window.fetch) return;
  let refreshing = false;
  let again = false;
  async function refresh() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    try {
      let response;
      try {
        response = await fetch(window.location.href, { headers: { "Accept": "text/html" }, credentials: "same-origin" });
      } catch (unreachable) {
        return; // The server is away for a moment; the next change brings the page up to date.
      }
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const part of document.querySelectorAll("[data-live][id]")) {
        const fresh = page.getElementById(part.id);
        if (fresh && !part.contains(document.activeElement)) part.replaceWith(document.importNode(fresh, true));
      }
      document.dispatchEvent(new CustomEvent("accord:refreshed"));
    } finally {
      refreshing = false;
      if (again) { again = false; refresh(); }
    }
  }
  const events = new EventSource(source);
  events.addEventListener("change", refresh);
})();
