// Accord: the preview of an amendment or compromise follows the wording as it is typed.
// Without this script the "Preview" button shows the same by posting the form; with it, the
// form is posted the same way (intent=preview, which records nothing) a moment after the last
// keystroke, and the preview part of the answer replaces the one on the page.
"use strict";
(function () {
  const form = document.querySelector("form.amend-form");
  if (!form || !document.getElementById("amend-preview") || !window.fetch || !window.URLSearchParams) return;
  let timer = null;
  let latest = 0;
  async function refresh() {
    const ticket = ++latest;
    const fields = new URLSearchParams(new FormData(form));
    fields.set("intent", "preview");
    try {
      const response = await fetch(form.action, { method: "POST", body: fields, credentials: "same-origin", headers: { "Accept": "text/html" } });
      const text = await response.text();
      if (ticket !== latest) return;
      const fresh = new DOMParser().parseFromString(text, "text/html").getElementById("amend-preview");
      const current = document.getElementById("amend-preview");
      if (fresh && current) current.replaceChildren(...Array.from(fresh.childNodes, (node) => document.importNode(node, true)));
    } catch (error) {
      // The Preview button still works.
    }
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 500);
  });
})();
