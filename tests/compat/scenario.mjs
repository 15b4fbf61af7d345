// Runs a user's journey through the official client library against MDM_API (a live test server on
// loopback) and prints one JSON line per step: {"step", "status", "body"}. The Python test asserts on them.
import * as mdm from '@maurodatamapper/mdm-resources';

const api = process.env.MDM_API;

/** A rest handler that keeps the session cookie like a browser and reports status with the body. */
class RecordingHandler {
  constructor() { this.cookies = {}; }

  async process(url, options) {
    const headers = { 'Content-Type': 'application/json', ...(options.headers || {}) };
    const jar = Object.entries(this.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    if (jar) headers.Cookie = jar;
    const response = await fetch(url, {
      method: options.method || 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) delete this.cookies[name]; else this.cookies[name] = value;
    }
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch { body = text; }
    return { status: response.status, body };
  }
}

const handler = new RecordingHandler();
const config = { apiEndpoint: api, defaultHttpRequestOptions: {} };
const security = new mdm.MdmSecurityResource(config, handler);
const session = new mdm.MdmSessionResource(config, handler);

async function step(name, call) {
  let result;
  try {
    result = await call();
  } catch (error) {
    result = { status: -1, body: String(error) };
  }
  console.log(JSON.stringify({ step: name, status: result.status, body: result.body }));
  return result.body;
}

const scenario = process.argv[2] || 'session';
const credentials = { username: process.env.MDM_USER, password: process.env.MDM_PASSWORD };

if (scenario === 'session') {
  await step('anonymous isAuthenticated', () => session.isAuthenticated());
  await step('login', () => security.login(credentials));
  await step('isAuthenticated', () => session.isAuthenticated());
  await step('isApplicationAdministration', () => session.isApplicationAdministration());
  await step('login again', () => security.login(credentials));
  await step('still authenticated', () => session.isAuthenticated());
  await step('logout', () => security.logout());
  await step('after logout', () => session.isAuthenticated());
  await step('wrong password', () => security.login({ ...credentials, password: 'wrong' }));
}
