import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, it } from 'vitest';
import { type FakeBridge, installFakeBridge, queueItem } from '../../test/fakeBridge.ts';
import { DropZone } from './DropZone.tsx';
import { SkippedList } from './SkippedList.tsx';

let fake: FakeBridge;
beforeEach(() => {
  fake = installFakeBridge();
});

function dropFiles(target: HTMLElement, files: File[]) {
  fireEvent.drop(target, { dataTransfer: { files, types: ['Files'] } });
}

it('adds dropped files and folders by their paths and lists what was skipped, with why', async () => {
  fake.bridge.pathForFile.mockImplementation((file: File) =>
    file.name === 'holiday' ? '/home/me/holiday' : `/home/me/${file.name}`,
  );
  fake.bridge.queue.add.mockResolvedValue({
    added: [queueItem(1)],
    skipped: [{ path: '/home/me/holiday/notes.txt', reason: 'Not a photo (only JPEG, PNG, WebP and BMP).' }],
  });
  render(
    <>
      <DropZone compact={false} />
      <SkippedList />
    </>,
  );
  const folder = new File([], 'holiday');
  const photo = new File([new Uint8Array([0xff, 0xd8])], 'me.jpg', { type: 'image/jpeg' });
  dropFiles(screen.getByTestId('dropzone'), [folder, photo]);

  expect(fake.bridge.queue.add).toHaveBeenCalledWith(['/home/me/holiday', '/home/me/me.jpg']);
  expect(await screen.findByText('1 item was skipped')).toBeInTheDocument();
  expect(screen.getByText('notes.txt')).toBeInTheDocument();
  expect(screen.getByText(/Not a photo \(only JPEG, PNG, WebP and BMP\)\./)).toBeInTheDocument();
});

it('says so when a dropped item has no path on disk', async () => {
  fake.bridge.pathForFile.mockReturnValue('');
  render(<DropZone compact={false} />);
  dropFiles(screen.getByTestId('dropzone'), [new File([], 'from-a-browser.png')]);
  const { useUiStore } = await import('../stores/useUiStore.ts');
  expect(useUiStore.getState().notice?.text).toBe('1 dropped item(s) could not be read from disk.');
  expect(fake.bridge.queue.add).not.toHaveBeenCalled();
});

it('the file picker adds the chosen photos', async () => {
  render(<DropZone compact={false} />);
  await userEvent.click(screen.getByRole('button', { name: 'Choose photos…' }));
  expect(fake.bridge.dialogs.pickPhotos).toHaveBeenCalled();
  expect(fake.bridge.queue.add).toHaveBeenCalledWith(['/photos/picked.jpg']);
});
