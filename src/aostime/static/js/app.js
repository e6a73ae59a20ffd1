// The parts of a page that react without a round trip: each module finds its own elements.
// No inline script anywhere (the Content-Security-Policy allows none), so this is the one entry.
import { startClocks } from "./clock.js";
import { keepFocus, markBusy } from "./swaps.js";
import { followTimer } from "./timer-sync.js";
import { keyboardEditing } from "./inline-edit.js";
import { themeSwitch } from "./theme.js";

startClocks(document);
markBusy(document);
keepFocus(document);
followTimer(window);
keyboardEditing(document);
themeSwitch(document);
document.addEventListener("htmx:afterSwap", (event) => startClocks(event.target.isConnected ? event.target : document));
