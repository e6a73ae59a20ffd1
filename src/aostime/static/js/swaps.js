// What a swap in place owes a keyboard and a screen reader: the region being replaced says it is
// busy (aria-busy) until the new content has settled, and the focus, when the swap took the
// focused element away, goes to the new content's autofocus field, else its first control.
const CONTROLS = "[autofocus], input:not([type=hidden]), select, textarea, button, a[href]";

export function markBusy(root) {
  root.addEventListener("htmx:beforeRequest", (event) => event.detail.target?.setAttribute("aria-busy", "true"));
  const done = (event) => {
    for (const busy of root.querySelectorAll("[aria-busy=true]")) busy.removeAttribute("aria-busy");
  };
  root.addEventListener("htmx:afterSettle", done);
  root.addEventListener("htmx:afterRequest", (event) => { if (!event.detail.successful) done(event); });
  root.addEventListener("htmx:sendError", done);
  root.addEventListener("htmx:swapError", done);
}

export function keepFocus(root) {
  root.addEventListener("htmx:afterSettle", (event) => {
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const swapped = event.detail.elt?.isConnected ? event.detail.elt : document.getElementById(event.detail.target?.id);
    const into = [document.querySelector("#status [autofocus]"), swapped?.querySelector(CONTROLS), swapped];
    const target = into.find((element) => element);
    if (!target) return;
    if (!target.matches(CONTROLS)) target.setAttribute("tabindex", "-1");
    target.focus();
  });
}
