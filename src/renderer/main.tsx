import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { connectToHost } from './bridge.ts';
import { warmUpLayout } from './canvas/layout-client.ts';
import './styles.css';

performance.mark('archsim:script-start');
warmUpLayout();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App api={connectToHost()} />
  </StrictMode>,
);
