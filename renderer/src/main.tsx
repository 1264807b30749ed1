/**
 * Renderer entry: make the store, bind main's events, render, then load.
 *
 * Events are bound before the first call so nothing main sends during
 * startup is missed.
 */
// Stylesheets first, so feature CSS imported by components comes later in the cascade and can refine the kit.
import './styles.css';
import './kit/kit.css';
import './shell.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { bindIpcEvents } from './ipc/bind-events';
import { installGlobalErrorToasts } from './notify/global-errors';
import { browserPrefs, createAppStore, StoreProvider } from './store';

const prefs = browserPrefs();
const store = createAppStore(prefs ? { prefs } : {});
installGlobalErrorToasts(store);
if (window.thaw) bindIpcEvents(store, window.thaw);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');
createRoot(container).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);

// Without window.thaw this resolves to the error screen, which explains the missing bridge.
void store.getState().loadConnections();
