import { Button, type ButtonProps } from '@fluentui/react-components';
import { useRef, type ReactNode } from 'react';

const XLSX_TYPES = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface XlsxPickerProps {
  children: ReactNode;
  /** Accessible name of the hidden file input (tests and screen readers find it by this). */
  inputLabel: string;
  onFiles(files: File[]): void;
  multiple?: boolean;
  disabled?: boolean;
  appearance?: ButtonProps['appearance'];
}

/** A button that opens the file dialog for .xlsx files; the same file can be picked again. */
export function XlsxPicker({ children, inputLabel, onFiles, multiple, disabled, appearance }: XlsxPickerProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      {/* Focusable while disabled: the focus stays here while the picked files are read. */}
      <Button appearance={appearance} onClick={() => input.current?.click()} disabledFocusable={disabled}>
        {children}
      </Button>
      <input
        ref={input}
        type="file"
        hidden
        multiple={multiple}
        accept={XLSX_TYPES}
        aria-label={inputLabel}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </>
  );
}
