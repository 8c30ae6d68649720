import { useEffect, useRef, type ReactNode } from "react";
import { useLocation } from "react-router";
import { pageKey, takeHeadingFocus } from "../lib/focus";

interface Props {
  children: ReactNode;
  className?: string;
  /** Sets the document title (": BookBrew" appended). */
  title?: string;
  eyebrow?: ReactNode;
}

export function PageHeading({ children, className, title, eyebrow }: Props) {
  const ref = useRef<HTMLHeadingElement>(null);
  const location = useLocation();
  const key = pageKey(location.pathname, location.search);
  useEffect(() => {
    if (takeHeadingFocus(key)) ref.current?.focus();
  }, [key]);
  useEffect(() => {
    if (title) document.title = `${title} · BookBrew`;
  }, [title]);
  return (
    <>
      {eyebrow ? <p className="eyebrow">{eyebrow}</p> : null}
      <h1 ref={ref} tabIndex={-1} className={className ? `page-heading ${className}` : "page-heading"}>
        {children}
      </h1>
    </>
  );
}
