// Home page: the nav, and for now a welcome in #shows (the shows feature replaces it).

import { renderNav } from '../nav.js';
import { el } from '../api.js';

const user = await renderNav();

const shows = document.getElementById('shows');
const welcome = user
  ? `Welcome back, ${user.name || user.username}. Today's shows will be listed here.`
  : 'Welcome to SkyFox Cinema. Log in or sign up to pick your seats for today\'s shows.';
shows.replaceChildren(
  el('h1', { id: 'shows-heading' }, "Today's shows"),
  el('p', { class: 'welcome' }, welcome),
);
