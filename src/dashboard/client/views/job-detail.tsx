export function JobDetail(props: { id: string }) {
  return (
    <section class="view">
      <h2>Job {props.id}</h2>
    </section>
  );
}
