import { render } from 'preact';
import { App } from './app.tsx';
import { createDashboard, DashboardProvider } from './dashboard.ts';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  const dashboard = createDashboard();
  render(
    <DashboardProvider value={dashboard}>
      <App />
    </DashboardProvider>,
    root,
  );
}
