import { describe, expect, it } from 'vitest';
import { extractRepositories, parseGithubUrl } from '../../src/extract/extractRepositories.ts';

describe('parseGithubUrl', () => {
  it('drops trailing sentence punctuation and keeps owner and name', () => {
    expect(parseGithubUrl('https://github.com/OPTML-Group/DeepZero.')).toEqual({
      id: 'github:optml-group/deepzero',
      url: 'https://github.com/OPTML-Group/DeepZero',
      owner: 'OPTML-Group',
      name: 'DeepZero',
      path: null,
    });
  });

  it('keeps the path below the repository', () => {
    expect(parseGithubUrl('https://github.com/huawei-noah/Federated-Learning/tree/main/HessianAlignment.')).toMatchObject({
      id: 'github:huawei-noah/federated-learning',
      url: 'https://github.com/huawei-noah/Federated-Learning/tree/main/HessianAlignment',
      path: 'tree/main/HessianAlignment',
    });
  });

  it('drops .git, a trailing slash, closing brackets and quotes', () => {
    expect(parseGithubUrl('https://github.com/a/b.git')?.url).toBe('https://github.com/a/b');
    expect(parseGithubUrl('https://www.github.com/a/b/);')?.url).toBe('https://github.com/a/b');
    expect(parseGithubUrl('https://github.com/a/b".')?.id).toBe('github:a/b');
  });

  it('keeps a balanced parenthesis that is part of the path', () => {
    expect(parseGithubUrl('https://github.com/a/b/tree/main/x_(y)')?.path).toBe('tree/main/x_(y)');
  });

  it('names no repository for a user page or another host', () => {
    expect(parseGithubUrl('https://github.com/someone')).toBeNull();
    expect(parseGithubUrl('https://gitlab.com/a/b')).toBeNull();
  });
});

describe('extractRepositories', () => {
  it('finds each repository once, in order, inside prose and parentheses', () => {
    const text = 'Code: https://github.com/liangyuwang/zo2. See also (https://github.com/x/y) and https://GitHub.com/LiangYuWang/ZO2!';
    expect(extractRepositories(text).map((r) => r.id)).toEqual(['github:liangyuwang/zo2', 'github:x/y']);
  });

  it('finds nothing in text without links', () => {
    expect(extractRepositories('No code is released; github is mentioned only by name.')).toEqual([]);
  });
});
