/**
 * Keeps a failing chart from taking the page with it: the history chart is a chunk loaded on demand (a network
 * hiccup can fail it) and draws on a canvas; if either fails, the key result's detail stays usable and says that
 * the chart is missing while the check-ins below list the same values.
 */
import { Component, type ReactNode } from 'react';

export class ChartBoundary extends Component<
  { readonly fallback: ReactNode; readonly children: ReactNode },
  { readonly failed: boolean }
> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
