import type { Metadata } from "next";
import "./globals.css";
import { QueryProvider } from "@/components/layout/query-provider";

export const metadata: Metadata = {
  title: { default: "Sibyl", template: "%s · Sibyl" },
  description: "API reputation oracle and risk dashboard",
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-background text-foreground antialiased">
        <QueryProvider>{children}</QueryProvider>
      </body>
    </html>
  );
}
