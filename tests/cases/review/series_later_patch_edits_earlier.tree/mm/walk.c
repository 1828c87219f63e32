static void walk(struct anon_vma *anon_vma, struct anon_vma_chain *avc)
{
	anon_vma_lock_write(anon_vma);
	step0(avc);
	step1(avc);
	step2(avc);
	step3(avc);
	step4(avc);
	step5(avc);
	step6(avc);
	step7(avc);
	step8(avc);
	step9(avc);
	step10(avc);
	step11(avc);
	visit(avc);
	anon_vma_unlock_write(anon_vma);
}
