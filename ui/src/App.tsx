/** Which page a path shows, who may see it, and the frame around it. */
import { useEffect, type ReactNode } from 'react';
import { matchPath, useLocation, useNavigate } from './router.tsx';
import { homeOf, isStaff, useSession } from './session.tsx';
import { Layout } from './components/Layout.tsx';
import { Alert, Loading, PageHeading } from './components/ui.tsx';
import { LoginPage } from './pages/Login.tsx';
import { WorklistPage } from './pages/Worklist.tsx';
import { CaseSearchPage } from './pages/CaseSearch.tsx';
import { CaseSummaryPage } from './pages/CaseSummary.tsx';
import { NewIntakePage, ReviewIntakePage } from './pages/Intake.tsx';
import { NewOrderPage } from './pages/NewOrder.tsx';
import { PostReceiptPage } from './pages/PostReceipt.tsx';
import { ParentPortalPage } from './pages/ParentPortal.tsx';
import { EmployerPortalPage } from './pages/EmployerPortal.tsx';
import { GuidelinePage } from './pages/guideline/GuidelinePage.tsx';
import { DashboardPage, Ocse157LinePage } from './pages/Dashboard.tsx';
import { FraudReportPage } from './pages/FraudReport.tsx';

type Area = 'public' | 'workstation' | 'parent' | 'employer';

interface Route {
  pattern: string;
  area: Area;
  render: (params: Record<string, string>) => ReactNode;
}

const ROUTES: Route[] = [
  { pattern: '/login', area: 'public', render: () => <LoginPage /> },
  { pattern: '/worklist', area: 'workstation', render: () => <WorklistPage /> },
  { pattern: '/cases', area: 'workstation', render: () => <CaseSearchPage /> },
  { pattern: '/cases/:caseNumber', area: 'workstation', render: (p) => <CaseSummaryPage caseNumber={p.caseNumber!} /> },
  { pattern: '/cases/:caseNumber/orders/new', area: 'workstation', render: (p) => <NewOrderPage caseNumber={p.caseNumber!} /> },
  { pattern: '/intakes/new', area: 'workstation', render: () => <NewIntakePage /> },
  { pattern: '/intakes/:intakeId/review', area: 'workstation', render: (p) => <ReviewIntakePage intakeId={Number(p.intakeId)} /> },
  { pattern: '/receipts/new', area: 'workstation', render: () => <PostReceiptPage /> },
  { pattern: '/guideline', area: 'workstation', render: () => <GuidelinePage /> },
  { pattern: '/cases/:caseNumber/guideline', area: 'workstation', render: (p) => <GuidelinePage caseNumber={p.caseNumber!} /> },
  { pattern: '/dashboard', area: 'workstation', render: () => <DashboardPage /> },
  { pattern: '/reports/ocse157/:line', area: 'workstation', render: (p) => <Ocse157LinePage line={p.line!} /> },
  { pattern: '/reports/fraud', area: 'workstation', render: () => <FraudReportPage /> },
  { pattern: '/portal', area: 'parent', render: () => <ParentPortalPage /> },
  { pattern: '/employer', area: 'employer', render: () => <EmployerPortalPage /> },
];

function Redirect({ to }: { to: string }) {
  const navigate = useNavigate();
  useEffect(() => navigate(to, { replace: true }), [to, navigate]);
  return null;
}

function NotFound() {
  return (
    <>
      <PageHeading title="Page not found">Page not found</PageHeading>
      <p>There is no page at this address. Use the menu above, or go back.</p>
    </>
  );
}

function allowed(area: Area, role: string | undefined, staff: boolean): boolean {
  if (area === 'public') return true;
  if (area === 'workstation') return staff;
  return area === role;
}

export function App() {
  const { status, user } = useSession();
  const location = useLocation();
  if (status === 'loading') {
    return (
      <main id="main-content" className="grid-container app-main">
        <Loading />
      </main>
    );
  }
  if (status === 'unreachable') {
    return (
      <main id="main-content" className="grid-container app-main">
        <Alert kind="error" heading="OpenCSE cannot be reached">
          The server did not answer. Check your connection and reload the page.
        </Alert>
      </main>
    );
  }
  const path = location.path.replace(/\/+$/, '') || '/';
  if (path === '/') return <Redirect to={user ? homeOf(user) : '/login'} />;
  let match: { route: Route; params: Record<string, string> } | null = null;
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) {
      match = { route, params };
      break;
    }
  }
  if (!match) {
    return (
      <Layout variant={user ? (isStaff(user) ? 'workstation' : user.role === 'parent' ? 'parent' : 'employer') : 'public'}>
        <NotFound />
      </Layout>
    );
  }
  const { route, params } = match;
  if (route.area !== 'public' && !user) {
    const next = `${location.path}${location.search.toString() ? `?${location.search}` : ''}`;
    return <Redirect to={`/login?next=${encodeURIComponent(next)}`} />;
  }
  if (route.pattern === '/login' && user) return <Redirect to={homeOf(user)} />;
  if (!allowed(route.area, user?.role, isStaff(user))) return <Redirect to={user ? homeOf(user) : '/login'} />;
  const variant = route.area === 'public' ? 'public' : route.area;
  return (
    <Layout variant={variant}>
      {route.render(params)}
    </Layout>
  );
}
