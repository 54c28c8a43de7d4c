import { webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';

function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return 1;
  const n = parseInt(m[1], 16);
  return (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
}

export interface OfficeThemeColors {
  bodyBackgroundColor: string;
  bodyForegroundColor: string;
  controlBackgroundColor?: string;
  controlForegroundColor?: string;
}

/** Fluent theme following Office's colours when the host gives them, else the light web theme. */
export function themeFor(office?: OfficeThemeColors | null): Theme {
  if (!office?.bodyBackgroundColor) return webLightTheme;
  const base = luminance(office.bodyBackgroundColor) < 0.5 ? webDarkTheme : webLightTheme;
  return {
    ...base,
    colorNeutralBackground1: office.bodyBackgroundColor,
    colorNeutralForeground1: office.bodyForegroundColor || base.colorNeutralForeground1,
    colorNeutralBackground2: office.controlBackgroundColor || base.colorNeutralBackground2,
  };
}
