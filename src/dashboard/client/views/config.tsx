export function ConfigView() {
  return (
    <section class="view">
      <h2>Config</h2>
    </section>
  );
}
