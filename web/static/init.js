// Loaded by <script src> first in <body>: marks the page as scripted so GOV.UK Frontend styles and
// initialises its components. A file rather than an inline snippet, because the CSP allows no inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
