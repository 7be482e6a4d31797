// The store interface @benjifs/micropub writes through (createFile, updateFile, uploadImage,
// getFile, getDirectory, deleteFile), kept in memory: posts are Markdown with front matter,
// uploads keep their bytes. getFile answers undefined for a missing file, as the library expects.
export class MemoryStore {
  #files = new Map()

  async createFile(filename, content) {
    if (this.#files.has(filename)) return undefined
    this.#files.set(filename, { content: Buffer.from(content) })
    return filename
  }

  async updateFile(filename, content) {
    if (!this.#files.has(filename)) return undefined
    this.#files.set(filename, { content: Buffer.from(content) })
    return filename
  }

  async uploadImage(filename, file) {
    this.#files.set(filename, { content: Buffer.from(file.content), mimeType: file.mimeType })
    return filename
  }

  async getFile(filename) {
    const file = this.#files.get(filename)
    return file ? { filename, content: file.content.toString('utf8') } : undefined
  }

  async getDirectory(dir) {
    const prefix = `${dir.replace(/\/$/, '')}/`
    const files = [...this.#files.keys()].filter((name) => name.startsWith(prefix))
    return files.length > 0 ? { files: files.map((path) => ({ path })) } : undefined
  }

  async deleteFile(filename) {
    return this.#files.delete(filename) ? filename : undefined
  }

  // For /_test/files: every file with its size and, for posts, the text.
  listing() {
    return [...this.#files.entries()].map(([path, file]) => ({
      path,
      bytes: file.content.length,
      ...(file.mimeType && { mimeType: file.mimeType }),
      ...(path.endsWith('.md') && { text: file.content.toString('utf8') }),
    }))
  }
}
