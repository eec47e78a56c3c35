import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { connectToHost } from './bridge.ts';
import { ErrorBoundary } from './shell/ErrorBoundary.tsx';
import { warmUpLayout } from './canvas/layout-client.ts';
import './styles.css';

performance.mark('archsim:script-start');
warmUpLayout();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <ErrorBoundary
      region="studio"
      advice="Unsaved changes are in the autosave as of its last write (a few seconds after each edit): reload to be offered them back."
    >
      <App api={connectToHost()} />
    </ErrorBoundary>
  </StrictMode>,
);
