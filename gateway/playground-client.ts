/**
 * The playground's browser code, served as /playground/playground.js and /playground/callback.js
 * (no inline script: the page's CSP allows scripts from the gateway only). Plain ES2017 in strings:
 * it runs in the browser, not in Node, and is not built by swc.
 *
 * What it adds to GraphiQL:
 * - one authorization for every tab, kept in sessionStorage (the browser tab's session): signed in
 *   at the hub's OpenID provider ("Sign in": authorization code + PKCE S256, the code exchanged on
 *   /playground/callback), or a token / API key pasted once ("Use a token"); sent as
 *   `Authorization: Bearer …` by every tab unless a tab's own Headers set Authorization or X-API-Key;
 * - variables per operation: a tab holds several operations, each keeps its own variables; the
 *   Variables editor shows those of the operation under the cursor, and running an operation (▶'s
 *   menu, Ctrl-Enter) sends its own.
 */

/** Keys of sessionStorage shared by the page and the callback. */
const STORAGE_KEYS = `
  var AUTH_KEY = 'sii-hub:playground:authorization';
  var PENDING_KEY = 'sii-hub:playground:sign-in';
  var VARIABLES_KEY = 'sii-hub:playground:variables';
  function session() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }
  function readJson(key) {
    var store = session();
    if (!store) return null;
    try { return JSON.parse(store.getItem(key) || 'null'); } catch (e) { return null; }
  }
  function writeJson(key, value) {
    var store = session();
    if (!store) return;
    if (value === null) store.removeItem(key); else store.setItem(key, JSON.stringify(value));
  }
`;

/** SHA-256 for PKCE where crypto.subtle is missing (a page served over plain http on a name other than localhost). */
const SHA256_FALLBACK = `
  function sha256Bytes(bytes) {
    var K = [0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,
      0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,
      0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,
      0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,
      0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,
      0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2];
    var H = [0x6a09e667,0xbb67ae85,0x3c6ef372,0xa54ff53a,0x510e527f,0x9b05688c,0x1f83d9ab,0x5be0cd19];
    var length = bytes.length, padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(bytes); padded[length] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 4, length * 8); view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    var w = new Array(64);
    for (var offset = 0; offset < padded.length; offset += 64) {
      for (var i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
      for (i = 16; i < 64; i++) {
        var a15 = w[i - 15], a2 = w[i - 2];
        var s0 = ((a15 >>> 7) | (a15 << 25)) ^ ((a15 >>> 18) | (a15 << 14)) ^ (a15 >>> 3);
        var s1 = ((a2 >>> 17) | (a2 << 15)) ^ ((a2 >>> 19) | (a2 << 13)) ^ (a2 >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var h = H.slice();
      for (i = 0; i < 64; i++) {
        var e = h[4], aa = h[0];
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var t1 = (h[7] + S1 + ((e & h[5]) ^ (~e & h[6])) + K[i] + w[i]) | 0;
        var S0 = ((aa >>> 2) | (aa << 30)) ^ ((aa >>> 13) | (aa << 19)) ^ ((aa >>> 22) | (aa << 10));
        var t2 = (S0 + ((aa & h[1]) ^ (aa & h[2]) ^ (h[1] & h[2]))) | 0;
        h = [(t1 + t2) | 0, aa, h[1], h[2], (h[3] + t1) | 0, e, h[5], h[6]];
      }
      for (i = 0; i < 8; i++) H[i] = (H[i] + h[i]) | 0;
    }
    var out = new Uint8Array(32), outView = new DataView(out.buffer);
    for (i = 0; i < 8; i++) outView.setUint32(i * 4, H[i]);
    return out;
  }
`;

/** Runs on the playground page (GET /graphql from a browser). */
export const PLAYGROUND_SCRIPT = `'use strict';
(function () {
  var config = JSON.parse(document.getElementById('hub-playground-config').textContent);
${STORAGE_KEYS}
${SHA256_FALLBACK}
  function base64url(bytes) {
    var text = '';
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  }
  function randomText() {
    var bytes = new Uint8Array(32);
    window.crypto.getRandomValues(bytes);
    return base64url(bytes);
  }
  function s256(verifier) {
    var bytes = new TextEncoder().encode(verifier);
    if (window.crypto.subtle) return window.crypto.subtle.digest('SHA-256', bytes).then(function (digest) { return base64url(new Uint8Array(digest)); });
    return Promise.resolve(base64url(sha256Bytes(bytes)));
  }

  // ---- The shared authorization (one for every tab, for this browser tab's session) ----
  var bar = {
    status: document.getElementById('hub-auth-status'),
    signIn: document.getElementById('hub-sign-in'),
    signOut: document.getElementById('hub-sign-out'),
    useToken: document.getElementById('hub-use-token'),
    entry: document.getElementById('hub-token-entry'),
    input: document.getElementById('hub-token-input'),
    save: document.getElementById('hub-token-save'),
    cancel: document.getElementById('hub-token-cancel'),
  };
  var notice = '';

  function claimsOf(token) {
    var parts = String(token).split('.');
    if (parts.length !== 3) return null;
    try {
      var json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
      return JSON.parse(decodeURIComponent(Array.prototype.map.call(json, function (c) { return '%' + ('0' + c.charCodeAt(0).toString(16)).slice(-2); }).join('')));
    } catch (e) { return null; }
  }
  function currentAuthorization() {
    var auth = readJson(AUTH_KEY);
    if (!auth || typeof auth.token !== 'string' || !auth.token) return null;
    if (typeof auth.expiresAt === 'number' && auth.expiresAt <= Date.now()) {
      writeJson(AUTH_KEY, null);
      notice = 'Your sign-in has expired: sign in again.';
      return null;
    }
    return auth;
  }
  function describe(auth) {
    var claims = claimsOf(auth.token);
    if (!claims) return auth.token.indexOf('siihub_') === 0 ? 'API key ' + auth.token.slice(0, 15) + '…' : 'a token';
    var who = claims.preferred_username || claims.sub || claims.client_id || 'someone';
    var role = claims.role || (Array.isArray(claims.roles) ? claims.roles.join(', ') : '');
    var member = claims.member ? ' ' + claims.member : '';
    return who + (role ? ' (' + role + member + ')' : '');
  }
  function render() {
    var auth = currentAuthorization();
    if (auth) {
      var until = typeof auth.expiresAt === 'number' ? ' until ' + new Date(auth.expiresAt).toLocaleTimeString() : '';
      bar.status.textContent = (auth.kind === 'signed-in' ? 'Signed in as ' : 'Using ') + describe(auth) + until + ', in every tab.';
    } else {
      bar.status.textContent = notice || (config.signIn ? 'Not signed in: public data only. Sign in for tickets, dashboards and writes.' : 'No token: public data only. Use a token for tickets, dashboards and writes.');
    }
    bar.signIn.hidden = !config.signIn || Boolean(auth);
    bar.useToken.hidden = Boolean(auth) || !bar.entry.hidden;
    bar.signOut.hidden = !auth;
    bar.signOut.textContent = auth && auth.kind !== 'signed-in' ? 'Forget token' : 'Sign out';
  }
  function say(message) {
    notice = message;
    render();
  }

  bar.signIn.addEventListener('click', function () {
    say('Signing in…');
    fetch(config.prefix + 'sign-in.json', { headers: { accept: 'application/json' } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.message || 'HTTP ' + response.status);
          return body;
        });
      })
      .then(function (provider) {
        var verifier = randomText();
        var state = randomText();
        return s256(verifier).then(function (challenge) {
          var redirectUri = window.location.origin + config.prefix + 'callback';
          writeJson(PENDING_KEY, { state: state, verifier: verifier, issuer: provider.issuer, clientId: provider.clientId, tokenEndpoint: provider.tokenEndpoint, redirectUri: redirectUri, returnTo: window.location.pathname });
          var url = new URL(provider.authorizationEndpoint);
          var query = { response_type: 'code', client_id: provider.clientId, redirect_uri: redirectUri, scope: provider.scope, state: state,
            code_challenge: challenge, code_challenge_method: 'S256', prompt: 'login' };
          Object.keys(query).forEach(function (name) { url.searchParams.set(name, query[name]); });
          window.location.assign(url.toString());
        });
      })
      .catch(function (error) { say('Sign-in is not available right now: ' + error.message); });
  });
  bar.signOut.addEventListener('click', function () {
    writeJson(AUTH_KEY, null);
    say('Signed out: public data only.');
  });
  bar.useToken.addEventListener('click', function () {
    bar.entry.hidden = false;
    render();
    bar.input.focus();
  });
  function closeEntry() {
    bar.input.value = '';
    bar.entry.hidden = true;
    render();
  }
  bar.cancel.addEventListener('click', closeEntry);
  bar.input.addEventListener('keydown', function (event) { if (event.key === 'Enter') bar.save.click(); if (event.key === 'Escape') closeEntry(); });
  bar.save.addEventListener('click', function () {
    var token = bar.input.value.trim().replace(/^Bearer\\s+/i, '');
    if (!token) return;
    var claims = claimsOf(token);
    var auth = { token: token, kind: 'token' };
    if (claims && typeof claims.exp === 'number') auth.expiresAt = claims.exp * 1000;
    writeJson(AUTH_KEY, auth);
    notice = '';
    closeEntry();
  });
  render();

  // ---- Variables per operation ----
  var variablesOf = Object.assign({}, config.variables, readJson(VARIABLES_KEY) || {});
  var bound = null; // the operation whose variables the Variables editor shows
  function editor(selector) {
    var element = document.querySelector(selector);
    return element && element.CodeMirror ? element.CodeMirror : null;
  }
  function queryEditor() { return editor('.graphiql-query-editor .CodeMirror'); }
  function variablesEditor() { return editor('.graphiql-editor-tool .graphiql-editor .CodeMirror'); }
  function operationsIn(text) {
    try {
      return GraphiQL.GraphQL.parse(text).definitions.filter(function (d) { return d.kind === 'OperationDefinition' && d.name; });
    } catch (e) { return null; }
  }
  function operationAtCursor(fallbackToFirst) {
    var query = queryEditor();
    if (!query) return null;
    var operations = operationsIn(query.getValue());
    if (!operations || operations.length === 0) return null;
    var index = query.indexFromPos(query.getCursor());
    for (var i = 0; i < operations.length; i++) {
      if (operations[i].loc.start <= index && index <= operations[i].loc.end) return operations[i].name.value;
    }
    return operations.length === 1 || fallbackToFirst ? operations[0].name.value : null;
  }
  function remember() { writeJson(VARIABLES_KEY, variablesOf); }
  // GraphiQL checks the Variables editor against the variables of every operation of the tab at
  // once (one $input for all): check it against those of the operation it shows.
  function checkAgainstBound() {
    var query = queryEditor();
    var variables = variablesEditor();
    var schema = query && query.options.lint && query.options.lint.schema;
    if (!bound || !variables || !schema) return;
    var operation = (operationsIn(query.getValue()) || []).filter(function (o) { return o.name.value === bound; })[0];
    if (!operation) return;
    var types = {};
    (operation.variableDefinitions || []).forEach(function (definition) {
      var type = GraphiQL.GraphQL.typeFromAST(schema, definition.type);
      if (type) types[definition.variable.name.value] = type;
    });
    if (variables.state.lint && variables.state.lint.linterOptions) variables.state.lint.linterOptions.variableToType = types;
    if (variables.options.lint) variables.options.lint.variableToType = types;
    if (variables.options.hintOptions) variables.options.hintOptions.variableToType = types;
  }
  // Shows the variables of operation "name", keeping what the editor held for the operation it showed.
  function show(name) {
    var variables = variablesEditor();
    if (!variables || name === bound) return;
    if (bound) variablesOf[bound] = variables.getValue();
    bound = name;
    checkAgainstBound();
    if (Object.prototype.hasOwnProperty.call(variablesOf, name)) {
      if (variables.getValue() !== variablesOf[name]) variables.setValue(variablesOf[name]);
    } else {
      variablesOf[name] = variables.getValue(); // an operation typed here: it keeps what the editor holds
    }
    remember();
  }
  function follow(fallbackToFirst) {
    var name = operationAtCursor(fallbackToFirst);
    if (name) show(name);
  }
  function attach() {
    var query = queryEditor();
    var variables = variablesEditor();
    if (!query || !variables) return false;
    query.on('cursorActivity', function () { follow(false); });
    variables.on('change', function (_cm, change) {
      // GraphiQL signals a change without one after setting the types of the whole tab's variables.
      if (!change) return checkAgainstBound();
      // Typed by someone (not GraphiQL restoring a tab): it belongs to the operation shown.
      if (bound && change.origin && change.origin !== 'setValue') {
        variablesOf[bound] = variables.getValue();
        remember();
      }
    });
    follow(true);
    return true;
  }
  var activeTab = null;
  function onTabChange(state) {
    // Called on every edit too: only another tab matters.
    var tab = state && state.tabs && state.tabs[state.activeTabIndex];
    var id = tab ? tab.id : null;
    if (id === activeTab) return;
    activeTab = id;
    // GraphiQL has put the other tab's text in the editors: which operation they show is found again.
    setTimeout(function () { bound = null; follow(true); }, 0);
  }

  // ---- The fetcher: the shared authorization, each operation's variables ----
  function fetcher(params, options) {
    var headers = { 'content-type': 'application/json', accept: 'application/json' };
    var own = (options && options.headers) || {};
    var ownCredential = false;
    Object.keys(own).forEach(function (name) {
      headers[name] = own[name];
      if (/^(authorization|x-api-key)$/i.test(name)) ownCredential = true;
    });
    var auth = currentAuthorization();
    if (auth && !ownCredential) headers.Authorization = 'Bearer ' + auth.token;
    var body = Object.assign({}, params);
    var query = queryEditor();
    var name = params.operationName;
    if (query && params.query === query.getValue()) {
      var operations = operationsIn(params.query) || [];
      var named = operations.some(function (o) { return o.name.value === name; });
      // GraphiQL may still name the previous tab's operation for a moment after a tab switch.
      if (!named && operations.length === 1) name = body.operationName = operations[0].name.value;
      if (name && operations.some(function (o) { return o.name.value === name; })) {
        if (bound === name) {
          // What the editor holds is what runs, typed or pasted.
          var shown = variablesEditor();
          if (shown) { variablesOf[name] = shown.getValue(); remember(); }
        } else {
          show(name);
        }
        var text = variablesOf[name];
        try {
          body.variables = text && text.trim() ? JSON.parse(text) : {};
        } catch (e) {
          return Promise.resolve({ errors: [{ message: 'The variables of ' + name + ' are not valid JSON: ' + e.message }] });
        }
      }
    }
    return fetch(config.endpoint, { method: 'POST', headers: headers, body: JSON.stringify(body) }).then(function (response) {
      if (response.status === 401 && auth && !ownCredential) say('The hub refused the token in use (expired or revoked?): sign out and sign in again.');
      return response.text().then(function (text) {
        try { return JSON.parse(text); } catch (e) { return { errors: [{ message: 'HTTP ' + response.status + ': ' + text.slice(0, 500) }] }; }
      });
    });
  }

  var storage = GraphiQL.createLocalStorage({ namespace: config.storageNamespace });
  var props = {
    fetcher: fetcher,
    defaultTabs: config.tabs,
    defaultEditorToolsVisibility: true,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
    storage: storage,
    onTabChange: onTabChange,
  };
  // GraphiQL 3 fills the first tab's editor from the variables prop, not from defaultTabs: pass it on a first visit.
  var firstVisit = true;
  try { firstVisit = !window.localStorage.getItem(config.storageNamespace + ':tabState'); } catch (e) { /* storage disabled */ }
  if (firstVisit && config.tabs.length > 0) props.variables = config.tabs[0].variables;
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, props, React.createElement(GraphiQL.Logo, null, 'SII data hub')),
  );
  var attempts = 0;
  (function waitForEditors() {
    if (attach() || ++attempts > 200) return;
    setTimeout(waitForEditors, 50);
  })();
})();
`;

/** Runs on /playground/callback, where the provider sends the browser back with the code. */
export const CALLBACK_SCRIPT = `'use strict';
(function () {
  var config = JSON.parse(document.getElementById('hub-playground-config').textContent);
${STORAGE_KEYS}
  var message = document.getElementById('hub-callback-message');
  var back = document.getElementById('hub-callback-back');
  function fail(text) {
    message.textContent = text;
    back.hidden = false;
  }
  var params = new URLSearchParams(window.location.search);
  var pending = readJson(PENDING_KEY);
  writeJson(PENDING_KEY, null); // one use
  // The code must not stay in the address bar or the history.
  window.history.replaceState(null, '', window.location.pathname);
  if (params.get('error')) return fail('The identity provider did not sign you in: ' + (params.get('error_description') || params.get('error')) + '.');
  if (!pending || !params.get('state') || params.get('state') !== pending.state) return fail('This sign-in was not started from this playground, or was already used: start again.');
  if (!params.get('code')) return fail('The identity provider sent no authorization code back.');
  fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code'), redirect_uri: pending.redirectUri, client_id: pending.clientId, code_verifier: pending.verifier }).toString(),
  })
    .then(function (response) { return response.json().then(function (body) { return { ok: response.ok, body: body }; }); })
    .then(function (answer) {
      if (!answer.ok || typeof answer.body.access_token !== 'string') {
        return fail('The identity provider refused the sign-in: ' + (answer.body.error_description || answer.body.error || 'no access token') + '.');
      }
      var auth = { token: answer.body.access_token, kind: 'signed-in', issuer: pending.issuer };
      if (typeof answer.body.expires_in === 'number') auth.expiresAt = Date.now() + answer.body.expires_in * 1000;
      writeJson(AUTH_KEY, auth);
      window.location.replace(pending.returnTo && pending.returnTo.charAt(0) === '/' && pending.returnTo.charAt(1) !== '/' ? pending.returnTo : config.endpoint);
    }, function (error) { fail('The identity provider could not be reached: ' + error.message + '.'); });
})();
`;
