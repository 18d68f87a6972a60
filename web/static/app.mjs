// Enhancements only: every page works without this file. The import uses the plain /static path, not the
// hashed one, because this module is itself served under a hashed name and a relative path would break.
import { initAll } from '/static/vendor/govuk-frontend.min.js';

initAll();
