// Vector charts drawn with the PDF's own SVG primitives (they stay sharp at any zoom).
import React from "react";
import { G, Line, Polyline, Rect, Svg, Text as SvgText } from "@react-pdf/renderer";
import { colors } from "./theme";

export function BarChart({ bars, width = 240, height = 120, title }: { bars: { label: string; value: number; color: string }[]; width?: number; height?: number; title: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const top = 14;
  const bottom = 16;
  const plot = height - top - bottom;
  const slot = width / Math.max(1, bars.length);
  const barWidth = Math.min(28, slot * 0.6);
  return (
    <Svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <SvgText x={0} y={9} style={{ fontSize: 8, fontFamily: "Liberation Sans" }} fill={colors.ink}>
        {title}
      </SvgText>
      <Line x1={0} y1={top + plot} x2={width} y2={top + plot} stroke={colors.rule} strokeWidth={1} />
      {bars.map((b, i) => {
        const h = (b.value / max) * (plot - 10);
        const x = i * slot + (slot - barWidth) / 2;
        return (
          <G key={b.label}>
            <Rect x={x} y={top + plot - h} width={barWidth} height={Math.max(h, 0.5)} fill={b.color} />
            <SvgText x={x + barWidth / 2 - 4} y={top + plot - h - 2} style={{ fontSize: 7, fontFamily: "Liberation Sans" }} fill={colors.ink}>
              {String(b.value)}
            </SvgText>
            <SvgText x={x} y={height - 4} style={{ fontSize: 7, fontFamily: "Liberation Sans" }} fill={colors.muted}>
              {b.label}
            </SvgText>
          </G>
        );
      })}
    </Svg>
  );
}

export function LineChart({ points, width = 240, height = 120, title, max = 100 }: { points: { label: string; value: number }[]; width?: number; height?: number; title: string; max?: number }) {
  const top = 14;
  const bottom = 16;
  const left = 22;
  const plotH = height - top - bottom;
  const plotW = width - left - 4;
  const ceiling = Math.max(max, ...points.map((p) => p.value));
  const xy = points.map((p, i) => [left + (points.length === 1 ? plotW / 2 : (i / (points.length - 1)) * plotW), top + plotH - (p.value / ceiling) * plotH] as const);
  const ticks = [0, ceiling / 2, ceiling];
  return (
    <Svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <SvgText x={0} y={9} style={{ fontSize: 8, fontFamily: "Liberation Sans" }} fill={colors.ink}>
        {title}
      </SvgText>
      {ticks.map((t) => {
        const y = top + plotH - (t / ceiling) * plotH;
        return (
          <G key={t}>
            <Line x1={left} y1={y} x2={width} y2={y} stroke={colors.rule} strokeWidth={0.5} />
            <SvgText x={0} y={y + 2} style={{ fontSize: 6.5, fontFamily: "Liberation Sans" }} fill={colors.muted}>
              {String(Math.round(t))}
            </SvgText>
          </G>
        );
      })}
      {xy.length > 1 ? <Polyline points={xy.map(([x, y]) => `${x},${y}`).join(" ")} stroke={colors.accent} strokeWidth={1.5} fill="none" /> : null}
      {xy.length === 1 ? <Rect x={xy[0][0] - 2} y={xy[0][1] - 2} width={4} height={4} fill={colors.accent} /> : null}
      {points.length ? (
        <>
          <SvgText x={left} y={height - 4} style={{ fontSize: 6.5, fontFamily: "Liberation Sans" }} fill={colors.muted}>
            {points[0].label}
          </SvgText>
          <SvgText x={width - 44} y={height - 4} style={{ fontSize: 6.5, fontFamily: "Liberation Sans" }} fill={colors.muted}>
            {points[points.length - 1].label}
          </SvgText>
        </>
      ) : null}
    </Svg>
  );
}

/** One horizontal bar split by band (low → critical). */
export function StackedBar({ parts, width = 240, title }: { parts: { label: string; value: number; color: string }[]; width?: number; title: string }) {
  const total = parts.reduce((sum, p) => sum + p.value, 0) || 1;
  const starts = parts.map((_, i) => parts.slice(0, i).reduce((sum, p) => sum + (p.value / total) * width, 0));
  return (
    <Svg width={width} height={40} viewBox={`0 0 ${width} 40`}>
      <SvgText x={0} y={9} style={{ fontSize: 8, fontFamily: "Liberation Sans" }} fill={colors.ink}>
        {title}
      </SvgText>
      {parts.map((p, i) => (
        <Rect key={p.label} x={starts[i]} y={14} width={(p.value / total) * width} height={10} fill={p.color} />
      ))}
      {parts.map((p, i) => (
        <SvgText key={`l-${p.label}`} x={(i * width) / parts.length} y={36} style={{ fontSize: 7, fontFamily: "Liberation Sans" }} fill={p.color}>
          {`${p.label} ${p.value}`}
        </SvgText>
      ))}
    </Svg>
  );
}
