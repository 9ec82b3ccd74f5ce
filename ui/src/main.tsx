import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@uswds/uswds/css/uswds.min.css';
import './app.css';
import { RouterProvider } from './router.tsx';
import { SessionProvider } from './session.tsx';
import { I18nProvider } from './i18n.tsx';
import { App } from './App.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider>
      <SessionProvider>
        <I18nProvider>
          <App />
        </I18nProvider>
      </SessionProvider>
    </RouterProvider>
  </StrictMode>,
);
