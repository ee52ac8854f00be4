import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App.tsx';
import { getBridge } from './lib/bridge.ts';
import { connectBridge } from './stores/connectBridge.ts';
import './styles.css';

connectBridge(getBridge());

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
