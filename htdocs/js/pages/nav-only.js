// For pages whose only script is the navigation (404, simple info pages).
import { renderNav } from '../nav.js';

await renderNav();
