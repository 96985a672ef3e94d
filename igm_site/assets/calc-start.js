// The first module of a page with a calculator, and the only one its <script> names: on a calculator's own page it
// starts the Python worker as soon as the runtime client has loaded, before the rest of the page script (the form,
// the result layout) has been fetched and run, then loads that (issue 23). An article's embedded forms start
// Python on first use, so there it only loads the page script.
import { runtime } from "./calc-runtime.js";

if (document.querySelector('meta[name="igm-calculator-start"]')?.content === "now") runtime.start();
import("./calc-page.js");
