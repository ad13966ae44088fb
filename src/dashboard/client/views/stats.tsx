export function StatsView() {
  return (
    <section class="view">
      <h2>Stats</h2>
    </section>
  );
}
