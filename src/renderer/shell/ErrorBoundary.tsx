/**
 * A region of the studio that throws while it draws shows what failed in its own place; the
 * other regions, the document and its autosave carry on (without a boundary React takes the
 * whole page down, and every unsaved edit with it).
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface ErrorBoundaryProps {
  /** What the region is, as a user calls it ("canvas", "JSON editor"). */
  readonly region: string;
  /** When this changes (another document, another run) the region tries again by itself. */
  readonly resetKey?: unknown;
  /** What the user can do (default: the document is safe in the other views). */
  readonly advice?: string;
  readonly children: ReactNode;
}

interface ErrorBoundaryState {
  readonly error: Error | null;
  readonly resetKey: unknown;
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<ErrorBoundaryState> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(
    props: ErrorBoundaryProps,
    state: ErrorBoundaryState,
  ): Partial<ErrorBoundaryState> | null {
    return Object.is(props.resetKey, state.resetKey) ? null : { error: null, resetKey: props.resetKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`archsim: the ${this.props.region} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <div className="region-error" role="alert">
        <p>
          <strong>The {this.props.region} stopped working</strong>: {error.message || error.name}
        </p>
        <p>
          {this.props.advice ??
            'The document is safe: it is held apart from this view, and the other views still show it.'}
        </p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
