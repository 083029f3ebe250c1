import type { Metadata } from "next";
import Link from "next/link";
import { CreateUserForm } from "@/components/settings/create-user-form";
import { UserRowActions } from "@/components/settings/user-row-actions";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "@/lib/domain/rbac/permissions";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listUsers } from "@/lib/server/dal/users";
import { firstValues } from "@/lib/validation/list-query";
import { userListSchema } from "@/lib/validation/lists";

export const metadata: Metadata = { title: "Users and roles" };
export const dynamic = "force-dynamic";

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageAccess("/settings/users");
  const query = userListSchema.parse(firstValues(await searchParams));
  const page = await listUsers(await getDb(), actor, query);
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const href = (p: number) => `/settings/users?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), page: String(p) })}`;
  return (
    <div className="grid gap-6 xl:grid-cols-[1fr_22rem]">
      <section aria-labelledby="users-heading">
        <div className="mb-2 flex items-center justify-between">
          <h2 id="users-heading" className="text-lg font-semibold">
            Users ({page.total})
          </h2>
          <form className="flex gap-2" role="search">
            <label htmlFor="user-search" className="sr-only">
              Search users
            </label>
            <input id="user-search" name="q" defaultValue={query.q} maxLength={200} placeholder="Search name or email" className="h-8 rounded-md border bg-background px-2 text-sm" />
          </form>
        </div>
        <div className="rounded-md border bg-card">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Email</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Last sign-in</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {page.rows.map((u) => (
                <TableRow key={u.id} data-testid={`user-row-${u.email}`}>
                  <TableCell className="font-medium">{u.name}</TableCell>
                  <TableCell>{u.email}</TableCell>
                  <TableCell colSpan={2}>
                    <UserRowActions user={u} isSelf={u.id === actor.userId} />
                  </TableCell>
                  <TableCell>
                    <RelativeTime value={u.lastSignInAt} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        {pages > 1 && (
          <nav aria-label="Pagination" className="mt-2 flex items-center justify-end gap-3 text-sm">
            {query.page > 1 && <Link href={href(query.page - 1)}>Previous</Link>}
            <span>
              Page {query.page} of {pages}
            </span>
            {query.page < pages && <Link href={href(query.page + 1)}>Next</Link>}
          </nav>
        )}
        <h3 className="mb-2 mt-6 text-sm font-semibold">What each role can do</h3>
        <ul className="space-y-1 text-sm">
          {ROLES.map((r) => (
            <li key={r}>
              <Badge variant="outline">{ROLE_LABELS[r]}</Badge> <span className="text-muted-foreground">{ROLE_DESCRIPTIONS[r]}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="new-user" className="h-fit rounded-lg border bg-card p-4">
        <h2 id="new-user" className="mb-3 text-lg font-semibold">
          Add a user
        </h2>
        <CreateUserForm />
      </section>
    </div>
  );
}
