"use client";
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { splitEndpointAction } from "@/lib/server/actions/endpoints";
import type { EndpointRow } from "@/lib/server/dal/endpoints";

/** The parameter segments of a template with their 1-based positions ("/orders/{id}" → [{position: 2, name: "id"}]). */
export function parameterSegments(path: string): { position: number; name: string }[] {
  return path
    .split("/")
    .map((segment, position) => ({ position, match: /^\{([^}]+)\}$/.exec(segment) }))
    .filter((s): s is { position: number; match: RegExpExecArray } => s.match !== null)
    .map((s) => ({ position: s.position, name: s.match[1] }));
}

interface SplitEndpointDialogProps {
  endpoint: EndpointRow | null;
  onOpenChange: (open: boolean) => void;
  onDone: (message: string) => void;
}

/** Asks which parameter segment to split and the literal value that becomes its own endpoint. */
export function SplitEndpointDialog({ endpoint, onOpenChange, onDone }: SplitEndpointDialogProps) {
  return (
    <Dialog open={endpoint !== null} onOpenChange={onOpenChange}>
      <DialogContent>{endpoint && <SplitForm key={endpoint.id} endpoint={endpoint} onDone={onDone} onCancel={() => onOpenChange(false)} />}</DialogContent>
    </Dialog>
  );
}

function SplitForm({ endpoint, onDone, onCancel }: { endpoint: EndpointRow; onDone: (message: string) => void; onCancel: () => void }) {
  const params = parameterSegments(endpoint.path);
  const [position, setPosition] = useState(params[0]?.position ?? 1);
  const [value, setValue] = useState("");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const id = useId();
  const sampleValues = [...new Set(endpoint.samples.map((s) => s.split("/")[position]).filter((v): v is string => Boolean(v)))];
  const segments = endpoint.path.split("/");
  const preview = value.trim() ? segments.map((s, i) => (i === position ? value.trim() : s)).join("/") : null;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    start(async () => {
      const result = await splitEndpointAction(endpoint.id, position, value);
      if (result.ok) {
        onDone(result.message ?? `Added ${result.data.template}.`);
        return;
      }
      setErrors(result.fieldErrors ?? {});
      setFormError(result.fieldErrors ? (Object.values(result.fieldErrors).flat()[0] ?? result.error) : result.error);
    });
  };

  return (
    <form onSubmit={submit} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Split {endpoint.method} endpoint</DialogTitle>
        <DialogDescription>
          Turn one value of a parameter back into a literal path, for example <code>/users/me</code> out of <code>/users/{"{user}"}</code>. Calls already counted stay
          with <code className="break-all">{endpoint.path}</code>; traffic from now on is counted separately.
        </DialogDescription>
      </DialogHeader>
      <div className="grid gap-1.5">
        <Label htmlFor={`${id}-segment`}>Parameter segment</Label>
        <NativeSelect id={`${id}-segment`} value={String(position)} onChange={(e) => setPosition(Number(e.target.value))} aria-invalid={Boolean(errors.position)}>
          {params.map((p) => (
            <option key={p.position} value={p.position}>
              Segment {p.position}: {`{${p.name}}`}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={`${id}-value`}>Literal value</Label>
        <Input
          id={`${id}-value`}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          list={sampleValues.length ? `${id}-samples` : undefined}
          placeholder={sampleValues[0] ?? "me"}
          maxLength={200}
          required
          autoComplete="off"
          aria-invalid={Boolean(errors.value)}
          aria-describedby={`${id}-preview`}
        />
        {sampleValues.length > 0 && (
          <datalist id={`${id}-samples`}>
            {sampleValues.map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
        )}
        <p id={`${id}-preview`} className="text-xs text-muted-foreground">
          {preview ? (
            <>
              New endpoint: <code className="break-all">{endpoint.method} {preview}</code>
            </>
          ) : (
            "One path segment, without slashes or braces."
          )}
        </p>
      </div>
      {formError && (
        <p role="alert" className="rounded-md border border-danger-border bg-danger px-3 py-2 text-sm text-danger-foreground">
          {formError}
        </p>
      )}
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending || !value.trim()}>
          {pending ? "Splitting…" : "Split"}
        </Button>
      </DialogFooter>
    </form>
  );
}
