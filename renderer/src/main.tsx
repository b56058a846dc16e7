import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { kubelab } from './bridge/kubelab';
import { initI18n } from './i18n';
import { listenToBackEnd } from './state/events';
import './styles.css';

initI18n('en');
// Before the first render, so no event sent while the screens load is missed.
listenToBackEnd(kubelab, window);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
