// What a swap in place owes a keyboard and a screen reader: the region being replaced says it is
// busy (aria-busy) while its request runs, and the focus, when the swap took the
// focused element away, goes to the new content's autofocus field, else its first control.
const CONTROLS = "[autofocus], input:not([type=hidden]), select, textarea, button, a[href]";

export function markBusy(root) {
  // the page as a whole says a swap is under way (data-swapping) until its content has settled:
  // the region's own aria-busy goes with the old content when the region itself is replaced
  const html = document.documentElement;
  const swapping = new WeakSet();
  let pending = 0;
  const finish = () => {
    pending = Math.max(0, pending - 1);
    for (const busy of root.querySelectorAll("[aria-busy=true]")) busy.removeAttribute("aria-busy");
    if (!pending) html.removeAttribute("data-swapping");
  };
  root.addEventListener("htmx:beforeRequest", (event) => {
    pending += 1;
    html.setAttribute("data-swapping", "");
    event.detail.target?.setAttribute("aria-busy", "true");
  });
  root.addEventListener("htmx:beforeSwap", (event) => { if (event.detail.shouldSwap) swapping.add(event.detail.xhr); });
  root.addEventListener("htmx:afterRequest", (event) => { if (!swapping.has(event.detail.xhr)) finish(); });
  root.addEventListener("htmx:afterSettle", (event) => {
    if (swapping.delete(event.detail.xhr)) finish();  // the first element settled: all of them have
  });
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
